import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
def run = sarif.runs[0]
assert run.tool.driver.name == 'threadlint'
assert run.tool.driver.rules*.id == ['run-instead-of-start', 'unsynchronized-shared-mutation', 'inconsistent-lock-order', 'missing-join', 'sleep-polling', 'sleep-holding-lock', 'wait-not-in-loop']
// The lock-order graph is written next to the report, empty when there is no cycle.
assert new File(basedir, 'target/threadlint/lock-order.dot').text == 'digraph lock_order {\n  node [shape=box];\n}\n'
assert run.results == []
assert run.invocations[0].toolExecutionNotifications == []

def log = new File(basedir, 'build.log').text
// Bound by the POM execution with no phase: runs in verify, after the jar is built.
assert log.indexOf('maven-jar-plugin') < log.indexOf(':check (default) @ clean-project-passes')
assert log.contains(': 2 files analysed, 0 findings (0 errors, 0 warnings, 0 info), 0 parse errors, ')
assert log.contains('[INFO] threadlint: SARIF report target/threadlint/threadlint.sarif')
true
