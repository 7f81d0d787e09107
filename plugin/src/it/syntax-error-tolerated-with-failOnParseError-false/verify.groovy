import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
def run = sarif.runs[0]
assert run.invocations[0].toolExecutionNotifications.size() == 1
assert run.results.size() == 1
assert run.results[0].ruleId == 'run-instead-of-start'
assert run.results[0].locations[0].physicalLocation.artifactLocation.uri == 'src/main/java/com/example/orders/OrderExporter.java'
assert run.results[0].locations[0].physicalLocation.region.startLine == 8

def log = new File(basedir, 'build.log').text
// Tolerated: a warning, not an error, and no failure.
assert log.contains('[WARNING] src/main/java/com/example/orders/OrderParser.java:7: Parse error.')
assert log.contains('[ERROR] src/main/java/com/example/orders/OrderExporter.java:8:9: error [run-instead-of-start] ')
assert log.contains(': 2 files analysed, 1 finding (1 error, 0 warnings, 0 info), 1 parse error, ')
assert !log.contains('threadlint could not analyse')
true
