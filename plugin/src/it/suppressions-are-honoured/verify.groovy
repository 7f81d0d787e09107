import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
def results = sarif.runs[0].results
// Only the control is reported: @SuppressWarnings("threadlint"), @SuppressWarnings("threadlint:<id>")
// and @SuppressFBWarnings("<id>") each hide theirs.
assert results.size() == 1
assert results[0].ruleId == 'run-instead-of-start'
assert results[0].locations[0].physicalLocation.artifactLocation.uri == 'src/main/java/com/example/legacy/NotSuppressed.java'
assert results[0].locations[0].physicalLocation.region.startLine == 9

def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] src/main/java/com/example/legacy/NotSuppressed.java:9:9: error [run-instead-of-start] ')
assert !log.contains('WholeClassSuppressed.java:')
assert !log.contains('OneRuleSuppressed.java:')
assert !log.contains('SpotBugsSuppressed.java:')
assert log.contains(': 4 files analysed, 1 finding (1 error, 0 warnings, 0 info), 0 parse errors, ')
true
