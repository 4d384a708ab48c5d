def log = new File(basedir, 'build.log').text
def source = new File(basedir, 'src/main/java/it/bad/Foo.java')
int line = source.readLines().findIndexOf { it.contains('await(sleep(10))') } + 1
assert line > 0

// The compiler plugin's format: [ERROR] /abs/path/Foo.java:[line] message; hint
def paths = [source.absolutePath, source.canonicalPath].unique()
def errorLine = log.readLines().find { l -> paths.any { l.startsWith("[ERROR] " + it + ":[" + line + "] ") } }
assert errorLine != null : "no '[ERROR] " + paths[0] + ":[" + line + "] ...' line in:\n" + log
assert errorLine.toLowerCase().contains('synchronized') : errorLine
assert log =~ /Weft found 1 error\(s\)/

// The class with the error was left as it was: no frame classes beside it.
def written = []
new File(basedir, 'target/classes').eachFileRecurse(groovy.io.FileType.FILES) { written << it.name }
assert written == ['Foo.class'] : written
return true
