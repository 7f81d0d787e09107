// A configuration error stops the goal before anything is analysed or written.
assert !new File(basedir, 'target/threadlint/threadlint.sarif').exists()

def log = new File(basedir, 'build.log').text
assert log.contains("threadlint.failOnSeverity: 'fatal' is not a severity; allowed values: error, warning, info")
assert !log.contains('[run-instead-of-start]')
true
