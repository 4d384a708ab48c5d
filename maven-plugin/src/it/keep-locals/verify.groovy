def log = new File(basedir, 'build.log').text

def summaries = (log =~ /Weft: wove (\d+) classes \((\d+) frame classes\) in \d+ ms, (\d+) unchanged(.*)/).collect { it }
assert summaries.size() == 5 : "expected weave with keepLocals, weave and weave-tests, then weave twice:\n" + log
def kept = ', every local kept across awaits (keepLocals)'
def again = ', 1 woven again for other options'
assert summaries.collect { it[1] } == ['1', '1', '1', '1', '1']
assert summaries.collect { it[4].trim() } == [kept, '', kept, again + kept, again].collect { it.trim() } : summaries.collect { it[0] }

// A frame class names the locals it keeps in its debug table (@DebugMetadata): the dead local of the
// main class is not kept by default (the last build's option, woven again from the unwoven bytes),
// the one of the test class is (weave-tests keeps every local).
def frame = { String dir, String prefix ->
    def found = new File(basedir, dir).listFiles().findAll { it.name.startsWith(prefix) }
    assert found.size() == 1 : "frame classes " + prefix + " in " + dir + ": " + found
    new String(found[0].bytes, 'ISO-8859-1')
}
def main = frame('target/classes/it/keep', 'Worker$weft$work$')
assert main.contains('DebugMetadata')
assert !main.contains('deadInMain')
def test = frame('target/test-classes/it/keep', 'WorkerCheck$weft$check$')
assert test.contains('deadInTest')
assert !log.contains('[ERROR]')
return true
