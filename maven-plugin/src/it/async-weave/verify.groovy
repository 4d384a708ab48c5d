def log = new File(basedir, 'build.log').text

def summaries = (log =~ /Weft: wove (\d+) classes \((\d+) frame classes\) in \d+ ms, (\d+) unchanged/).collect { it }
assert summaries.size() == 4 : "expected weave and weave-tests summaries of two builds:\n" + log
assert summaries[0][1] as int == 1 : "weave should weave Fetcher: " + summaries[0][0]
assert summaries[1][1] as int == 1 : "weave-tests should weave FetcherTest: " + summaries[1][0]
// Second build: the classes are woven already and left alone (frame classes are not counted).
assert summaries[2][1] as int == 0 && summaries[2][3] as int == 1 : summaries[2][0]
assert summaries[3][1] as int == 0 && summaries[3][3] as int == 1 : summaries[3][0]

// The frame classes the summaries report exist beside the classes, named <Class>$weft$...
int frames = (summaries[0][2] as int) + (summaries[1][2] as int)
def classFiles = []
['target/classes', 'target/test-classes'].each { dir ->
    new File(basedir, dir).eachFileRecurse(groovy.io.FileType.FILES) { if (it.name.endsWith('.class')) classFiles << it.name }
}
assert classFiles.size() == 2 + frames : "class files: " + classFiles
assert classFiles.count { it.contains('$weft$') } == frames : "class files: " + classFiles

// The JUnit test ran and passed, twice (unwoven, its await would throw IllegalStateException).
assert (log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed/).count == 2 : log
return true
