import groovy.json.JsonSlurper

def only(String module) {
    def sarif = new JsonSlurper().parse(new File(basedir, module + '/target/threadlint/threadlint.sarif'))
    def results = sarif.runs[0].results
    assert results.size() == 1
    assert results[0].ruleId == 'run-instead-of-start'
    results[0].locations[0].physicalLocation
}

// URIs are relative to the reactor root, where mvn was run, in every module's report.
def core = only('render-core')
assert core.artifactLocation.uri == 'render-core/src/main/java/com/example/render/RenderQueue.java'
assert core.region.startLine == 7
def app = only('render-app')
assert app.artifactLocation.uri == 'render-app/src/main/java/com/example/app/App.java'
assert app.region.startLine == 10
assert !new File(basedir, 'target/threadlint/threadlint.sarif').exists()

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] threadlint: nothing to analyse (packaging pom)')
assert log.contains('[ERROR] render-core/src/main/java/com/example/render/RenderQueue.java:7:9: error [run-instead-of-start] ')
assert log.contains('[ERROR] render-app/src/main/java/com/example/app/App.java:10:9: error [run-instead-of-start] ')
assert log.contains('[INFO] threadlint: SARIF report render-core/target/threadlint/threadlint.sarif')
assert log.contains('[INFO] threadlint: SARIF report render-app/target/threadlint/threadlint.sarif')
true
