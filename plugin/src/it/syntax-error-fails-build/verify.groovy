import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
def run = sarif.runs[0]
// The broken file is a notification; the other file is still analysed.
def notifications = run.invocations[0].toolExecutionNotifications
assert notifications.size() == 1
assert notifications[0].locations[0].physicalLocation.artifactLocation.uri == 'src/main/java/com/example/orders/OrderParser.java'
assert notifications[0].locations[0].physicalLocation.region.startLine == 7
assert run.results.size() == 1
assert run.results[0].locations[0].physicalLocation.artifactLocation.uri == 'src/main/java/com/example/orders/OrderExporter.java'

def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] src/main/java/com/example/orders/OrderParser.java:7: Parse error.')
assert log.contains(': 2 files analysed, 1 finding (1 error, 0 warnings, 0 info), 1 parse error, ')
assert log.contains('threadlint could not analyse 1 file (')
assert log.contains('  src/main/java/com/example/orders/OrderParser.java:7: Parse error.')
true
