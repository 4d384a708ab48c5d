def log = new File(basedir, 'build.log').text
def source = new File(basedir, 'src/main/java/it/own/Jobs.java')
int line = source.readLines().findIndexOf { it.contains('the error is reported at this line') } + 1
assert line > 0

// [ERROR] /abs/path/Jobs.java:[line] message; hint -- with both Task types named in full
def expected = ":[" + line + "] @Async method must return Task, CompletionStage or CompletableFuture: Jobs.make()" +
        " returns it.own.Task, not dev.weft.Task; declare it to return dev.weft.Task<T>," +
        " java.util.concurrent.CompletableFuture<T> or java.util.concurrent.CompletionStage<T>; a method declared" +
        " CompletableFuture<T> or CompletionStage<T> can still return a it.own.Task that is one"
def paths = [source.absolutePath, source.canonicalPath].unique()
def errorLine = log.readLines().find { l -> paths.any { l == "[ERROR] " + it + expected } }
assert errorLine != null : "no '[ERROR] " + paths[0] + expected + "' line in:\n" + log
assert log =~ /Weft found 1 error\(s\)/
return true
