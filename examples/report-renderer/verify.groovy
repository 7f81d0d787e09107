// Run by the threadlint reactor after `mvn verify` of this example; not needed to use the example.
import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
def results = sarif.runs[0].results
assert results.size() == 1
assert results[0].ruleId == 'run-instead-of-start'
def location = results[0].locations[0].physicalLocation
assert location.artifactLocation.uri == 'src/main/java/com/example/reports/ReportService.java'
assert location.region.startLine == 16

def log = new File(basedir, 'build.log').text
// The unit test passes: the bug only costs concurrency, which is why a checker has to catch it.
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains("[ERROR] src/main/java/com/example/reports/ReportService.java:16:9: error [run-instead-of-start] "
        + "'rendering.run()' runs the thread's work on the calling thread")
assert log.contains('[ERROR]     fix: call start() to run it on a new thread')
assert log.contains('threadlint found 1 finding at or above severity warning')
true
