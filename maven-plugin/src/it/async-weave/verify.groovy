def log = new File(basedir, 'build.log').text

def summaries = (log =~ /Weft: wove (\d+) classes \((\d+) frame classes\) in \d+ ms, (\d+) unchanged/).collect { it }
assert summaries.size() == 2 : "expected weave and weave-tests summaries:\n" + log
assert summaries[0][1] as int == 1 : "weave should weave Fetcher: " + summaries[0][0]
assert summaries[1][1] as int == 1 : "weave-tests should weave FetcherTest: " + summaries[1][0]

// Frame classes the summary reports exist beside the classes.
int frames = (summaries[0][2] as int) + (summaries[1][2] as int)
def classFiles = []
['target/classes', 'target/test-classes'].each { dir ->
    new File(basedir, dir).eachFileRecurse(groovy.io.FileType.FILES) { if (it.name.endsWith('.class')) classFiles << it.name }
}
// Fetcher, FetcherTest, plus frames (if the weaver uses frame classes rather than the task itself)
assert classFiles.size() == 2 + frames : "class files: " + classFiles

// The JUnit test ran and passed (it fails with an IllegalStateException from await when unwoven).
def report = new File(basedir, 'target/surefire-reports/TEST-it.async.FetcherTest.xml')
assert report.isFile()
assert report.text.contains('tests="1"') && report.text.contains('failures="0"') && report.text.contains('errors="0"')
return true
