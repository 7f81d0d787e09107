assert !new File(basedir, 'target').exists()

def log = new File(basedir, 'build.log').text
assert log.contains("rule: unknown rule 'run-instead-of-stop'; allowed values: run-instead-of-start")
true
