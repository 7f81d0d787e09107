import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
def results = sarif.runs[0].results
assert results.size() == 1
assert results[0].locations[0].physicalLocation.artifactLocation.uri == 'src/test/java/com/example/jobs/JobCheck.java'
assert results[0].locations[0].physicalLocation.region.startLine == 7

def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] src/test/java/com/example/jobs/JobCheck.java:7:9: error [run-instead-of-start] ')
assert log.contains(': 2 files analysed, 1 finding (1 error, 0 warnings, 0 info), 0 parse errors, ')
true
