package io.releasegates.glob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The three grammars of the one glob matcher, each as its callers (policy, cadence, scan) rely on it. */
class GlobTest {
    private record Case(String grammar, String glob, String text, boolean matches) {
    }

    @TestFactory
    Stream<DynamicTest> shouldMatchEachGrammarAsDocumented() {
        return Stream.of(
                // text: '*' crosses everything, '?' and '.' are literal, empty text never matches
                new Case("text", "RG-SCAN-SECRET-*", "RG-SCAN-SECRET-AWS", true),
                new Case("text", "RG-SCAN-SECRET-*", "RG-SCAN-RISKY-ENV", false),
                new Case("text", "*.jar", "shop.war!/WEB-INF/lib/a.jar", true),
                new Case("text", "https://shop.example/a?b=*", "https://shop.example/a?b=1", true),
                new Case("text", "https://shop.example/a?b=*", "https://shop.example/aXb=1", false),
                new Case("text", "CVE-2021-44228", "CVE-2021-44228", true),
                new Case("text", "CVE-2021-4422", "CVE-2021-44228", false),
                new Case("text", "*", "", false),
                new Case("text", "a*b", "a\nb", true),
                // name: '*' any run, '?' one character
                new Case("name", "libssl*", "libssl3", true),
                new Case("name", "openssh-?erver", "openssh-server", true),
                new Case("name", "pkg:maven/org.springframework/*", "pkg:maven/org.springframework/spring-core", true),
                new Case("name", "pkg:maven/org.springframework/*", "pkg:maven/org.springframeworkX", false),
                new Case("name", "a.b", "aXb", false),
                // path: '*' stays in a folder, '**' crosses, no slash = file name anywhere, '!/' is a folder
                new Case("path", "*.sql", "WEB-INF/classes/db/init.sql", true),
                new Case("path", "*.sql", "WEB-INF/lib/a.jar!/schema.sql", true),
                new Case("path", "WEB-INF/debug/**", "WEB-INF/debug/x/y.txt", true),
                new Case("path", "WEB-INF/debug/**", "WEB-INF/classes/debug.txt", false),
                new Case("path", "WEB-INF/*.xml", "WEB-INF/web.xml", true),
                new Case("path", "WEB-INF/*.xml", "WEB-INF/conf/web.xml", false),
                new Case("path", "**/web.xml", "web.xml", true),
                new Case("path", "WEB-INF/lib/?.jar", "WEB-INF/lib/a.jar", true))
                .map(c -> DynamicTest.dynamicTest(c.grammar() + " " + c.glob() + (c.matches() ? " ~ " : " !~ ") + c.text(),
                        () -> assertThat(grammar(c.grammar()).apply(c.glob()).matches(c.text())).isEqualTo(c.matches())));
    }

    private static Function<String, Glob> grammar(String name) {
        return switch (name) {
            case "text" -> Glob::text;
            case "name" -> Glob::name;
            case "path" -> Glob::path;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    void shouldMatchAnyOfAList() {
        List<Glob> globs = Glob.paths(List.of("*.sql", "WEB-INF/debug/**"));
        assertThat(Glob.anyMatches(globs, "WEB-INF/classes/db/init.sql")).isTrue();
        assertThat(Glob.anyMatches(globs, "WEB-INF/classes/debug.txt")).isFalse();
        assertThat(Glob.anyMatches(List.of(), "anything")).isFalse();
    }
}
