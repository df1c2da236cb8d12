package dev.tokenkit.examples;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** One surefire XML report of an inner build: its elements and the paths its properties hold. */
final class SurefireReport {
    private final Document document;

    private SurefireReport(Document document) {
        this.document = document;
    }

    static SurefireReport read(Path file) throws Exception {
        return new SurefireReport(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()));
    }

    List<Element> elements(String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** A path-like system property of the test run, split into its entries. */
    List<String> pathProperty(String name) {
        String value = elements("property").stream().filter(p -> p.getAttribute("name").equals(name)).findFirst()
                .map(p -> p.getAttribute("value")).orElse("");
        return value.isEmpty() ? List.of() : Arrays.asList(value.split(File.pathSeparator));
    }
}
