package dev.weft.runtime.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The published modules, read from the reactor's POMs: every module that is deployed and not a
 * POM is in weft-bom at the project's version, and attaches a sources and a Javadoc jar.
 */
class PublishedModulesTest {
    private static final Path ROOT = Paths.get("..");
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    @Test
    void theBomListsEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Document bom = parse(ROOT.resolve("bom").resolve("pom.xml"));
        List<String> listed = new ArrayList<>();
        NodeList deps = nodes(bom, "/project/dependencyManagement/dependencies/dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Node dep = deps.item(i);
            String artifactId = text(dep, "artifactId");
            assertEquals("dev.weft", text(dep, "groupId"), artifactId);
            assertEquals("${project.version}", text(dep, "version"), artifactId);
            listed.add(artifactId);
        }
        List<String> published = publishedModules();
        assertTrue(published.contains("weft-runtime"), published.toString());
        assertEquals(new TreeSet<>(published), new TreeSet<>(listed), "weft-bom (bom/pom.xml) must list exactly the published modules");
        assertEquals(listed.size(), new TreeSet<>(listed).size(), "a module listed twice: " + listed);
    }

    @Test
    void theBomHasNoParentAndTheProjectsVersion() throws Exception {
        // A BOM import also imports what the BOM inherits; weft-parent's versions must not reach users.
        Document bom = parse(ROOT.resolve("bom").resolve("pom.xml"));
        assertEquals(0, nodes(bom, "/project/parent").getLength());
        assertEquals(text(parse(ROOT.resolve("pom.xml")), "/project/version"), text(bom, "/project/version"));
    }

    @Test
    void everyPublishedModuleAttachesSourcesAndJavadoc() throws Exception {
        for (String module : moduleDirectories()) {
            Document pom = parse(ROOT.resolve(module).resolve("pom.xml"));
            if (isPublished(pom)) {
                for (String plugin : List.of("maven-source-plugin", "maven-javadoc-plugin")) {
                    assertEquals(1, nodes(pom, "/project/build/plugins/plugin[artifactId='" + plugin + "']").getLength(),
                            module + " must declare " + plugin);
                }
            }
        }
    }

    private static List<String> publishedModules() throws Exception {
        List<String> published = new ArrayList<>();
        for (String module : moduleDirectories()) {
            Document pom = parse(ROOT.resolve(module).resolve("pom.xml"));
            if (isPublished(pom)) {
                published.add(text(pom, "/project/artifactId"));
            }
        }
        return published;
    }

    private static List<String> moduleDirectories() throws Exception {
        NodeList modules = nodes(parse(ROOT.resolve("pom.xml")), "/project/modules/module");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            names.add(modules.item(i).getTextContent().trim());
        }
        return names;
    }

    /** Deployed (maven.deploy.skip not set) and a jar-like packaging; the BOM itself is a POM. */
    private static boolean isPublished(Document pom) throws Exception {
        return !"pom".equals(text(pom, "/project/packaging"))
                && !"true".equals(text(pom, "/project/properties/maven.deploy.skip"));
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static NodeList nodes(Object context, String path) throws Exception {
        return (NodeList) XPATH.evaluate(path, context, XPathConstants.NODESET);
    }

    private static String text(Object context, String path) throws Exception {
        return XPATH.evaluate(path, context).trim();
    }
}
