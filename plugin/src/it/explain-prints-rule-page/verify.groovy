// explain writes no report.
assert !new File(basedir, 'target/threadlint').exists()

def log = new File(basedir, 'build.log').text
assert log.contains('# run-instead-of-start')
assert log.contains('## How to fix')
assert log.contains('## Suppression')
assert log.contains('@SuppressWarnings("threadlint:run-instead-of-start")')
true
