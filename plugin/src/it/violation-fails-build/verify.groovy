import groovy.json.JsonSlurper

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadlint/threadlint.sarif'))
def results = sarif.runs[0].results
assert results.size() == 1
assert results[0].ruleId == 'run-instead-of-start'
assert results[0].level == 'error'
def location = results[0].locations[0].physicalLocation
assert location.artifactLocation.uri == 'src/main/java/com/example/orders/OrderExporter.java'
assert location.artifactLocation.uriBaseId == '%SRCROOT%'
assert location.region.startLine == 8
assert location.region.startColumn == 9

def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] src/main/java/com/example/orders/OrderExporter.java:8:9: error [run-instead-of-start] '
        + "'uploader.run()' runs the thread's work on the calling thread")
assert log.contains('[ERROR]     fix: call start() to run it on a new thread')
assert log.contains(': 1 file analysed, 1 finding (1 error, 0 warnings, 0 info), 0 parse errors, ')
assert log.contains('threadlint found 1 finding at or above severity warning (1 error, 0 warnings, 0 info); '
        + 'they are listed above and in target/threadlint/threadlint.sarif')
true
