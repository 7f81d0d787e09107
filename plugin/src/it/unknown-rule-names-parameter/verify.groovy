assert !new File(basedir, 'target/threadlint/threadlint.sarif').exists()

def log = new File(basedir, 'build.log').text
assert log.contains("threadlint.rules: unknown rule 'run-instead-of-stop'; allowed values: all, run-instead-of-start")
true
