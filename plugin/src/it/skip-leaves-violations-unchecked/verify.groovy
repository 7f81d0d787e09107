assert !new File(basedir, 'target/threadlint/threadlint.sarif').exists()

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] threadlint: skipped (threadlint.skip)')
assert !log.contains('[run-instead-of-start]')
true
