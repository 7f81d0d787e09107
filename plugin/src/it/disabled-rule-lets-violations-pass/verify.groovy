import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
def run = sarif.runs[0]
assert (run.results ?: []).isEmpty()
// The report lists the rules that ran: the disabled one did not.
assert !(run.tool.driver.rules ?: []).any { it.id == 'run-instead-of-start' }

def log = new File(basedir, 'build.log').text
assert log.contains(': 1 file analysed, 0 findings (0 errors, 0 warnings, 0 info), 0 parse errors, ')
assert !log.contains('[run-instead-of-start]')
true
