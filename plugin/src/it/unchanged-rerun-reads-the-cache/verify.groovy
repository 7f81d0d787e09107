import groovy.json.JsonSlurper

assert new File(basedir, 'target/threadlint/cache.json.gz').isFile()
def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
assert sarif.runs[0].results == []

def log = new File(basedir, 'build.log').text
assert log.contains(': 2 files analysed (2 unchanged, from the cache), 0 findings (0 errors, 0 warnings, 0 info), 0 parse errors, ')
assert !log.contains('cache.json.gz cannot be read')
true
