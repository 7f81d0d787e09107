// Run by the threadlint reactor after `mvn verify` of this example; not needed to use the example.
import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
assert sarif.runs[0].results == []

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains(': 4 files analysed, 0 findings (0 errors, 0 warnings, 0 info), 0 parse errors, ')
assert log.contains('BUILD SUCCESS')
true
