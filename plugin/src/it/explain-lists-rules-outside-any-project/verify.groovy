assert !new File(basedir, 'target').exists()

def log = new File(basedir, 'build.log').text
assert log.contains('rules (explain one with -Drule=<id>):')
assert log =~ /\[INFO\]   run-instead-of-start +error +Thread\.run\(\) called where start\(\) was meant: the work runs on the caller's thread/
assert log =~ /\[INFO\]   unsynchronized-shared-mutation +warning +State mutated from several threads/
true
