import java.lang.module.ModuleFinder
import java.util.jar.JarFile

def log = new File(basedir, 'build.log').text
assert log =~ /Weft: wove 1 classes \(1 frame classes\)/ : "expected the plugin to weave Greeter:\n" + log
assert !log.contains('[ERROR]')

// The jars the BOM names, as the reactor built them: each declares its module name, and the JVM
// accepts the jar as an automatic module of that name.
def version = (new File(basedir, 'pom.xml').text =~ /<weft.version>([^<]+)</)[0][1]
def modules = ['weft-runtime': 'dev.weft.runtime', 'weft-weaver': 'dev.weft.weaver', 'weft-maven-plugin': 'dev.weft.maven']
modules.each { artifactId, moduleName ->
    def jar = new File(localRepositoryPath, "dev/weft/${artifactId}/${version}/${artifactId}-${version}.jar")
    assert jar.isFile() : "${jar} was not installed"
    def declared = new JarFile(jar).withCloseable { it.manifest.mainAttributes.getValue('Automatic-Module-Name') }
    assert declared == moduleName : "${jar.name}: Automatic-Module-Name is ${declared}"
    def found = ModuleFinder.of(jar.toPath()).findAll()*.descriptor()*.name()
    assert found == [moduleName] : "${jar.name} is module ${found}"
}
return true
