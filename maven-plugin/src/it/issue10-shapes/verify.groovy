// Runs the woven program (target/classes and the runtime jar; no agent) and checks its exact output.
def log = new File(basedir, 'build.log').text
def summary = (log =~ /Weft: wove (\d+) classes/)
assert summary.find() : "no weave summary in:\n" + log

def runtimeDir = new File(localRepositoryPath, 'dev/weft/weft-runtime')
def runtime = null
runtimeDir.eachFileRecurse(groovy.io.FileType.FILES) { if (it.name.startsWith('weft-runtime-') && it.name.endsWith('.jar') && !it.name.contains('-sources') && !it.name.contains('-tests')) runtime = it }
assert runtime != null : "no runtime jar under " + runtimeDir

def java = new File(System.getProperty('java.home'), 'bin/java').path
def cp = new File(basedir, 'target/classes').path + File.pathSeparator + runtime.path
def process = [java, '-cp', cp, 'it.shapes.Main'].execute(null, basedir)
def out = new StringBuilder(), err = new StringBuilder()
process.waitForProcessOutput(out, err)

def expected = new File(basedir, 'expected-output.txt').text
assert process.exitValue() == 0 : "exit " + process.exitValue() + "\n" + out + err
assert err.toString() == '' : err
assert out.toString().replace('\r\n', '\n') == expected : "expected:\n" + expected + "\nbut the woven program printed:\n" + out
return true
