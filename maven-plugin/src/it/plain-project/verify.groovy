def log = new File(basedir, 'build.log').text

def summaries = (log =~ /Weft: wove (\d+) classes \((\d+) frame classes\) in \d+ ms, (\d+) unchanged/).collect { it }
assert summaries.size() == 4 : "expected weave and weave-tests to run twice each:\n" + log
// main: Plain, Plain$Inner; tests: PlainCheck
assert summaries.collect { it[1] } == ['0', '0', '0', '0']
assert summaries.collect { it[3] } == ['2', '1', '2', '1']
assert log.count('Weft: skipped') == 2

assert new File(basedir, 'target/weft/weave.state').isFile()
assert new File(basedir, 'target/weft/weave-tests.state').isFile()
assert !log.contains('[ERROR]')
return true
