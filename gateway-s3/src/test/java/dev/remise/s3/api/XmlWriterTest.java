package dev.remise.s3.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XmlWriterTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "plain key.txt|plain key.txt",
        "a&b|a&amp;b",
        "<tag>|&lt;tag&gt;",
        "\"quoted\"|&quot;quoted&quot;",
        "it's|it&apos;s",
        "€ and 😀|€ and 😀",
      })
  void escapesMarkupCharacters(String text, String escaped) {
    assertThat(XmlWriter.escape(text)).isEqualTo(escaped);
  }

  @Test
  void keepsTabAndLineFeedButReferencesCarriageReturn() {
    assertThat(XmlWriter.escape("a\tb\nc\rd")).isEqualTo("a\tb\nc&#xD;d");
  }

  @Test
  void writesCharactersXml10CannotCarryAsCharacterReferences() {
    assertThat(XmlWriter.escape("\u0000\u0001\u001F")).isEqualTo("&#x0;&#x1;&#x1F;");
    assertThat(XmlWriter.escape("\u007F\u0085\u009F")).isEqualTo("&#x7F;&#x85;&#x9F;");
    assertThat(XmlWriter.escape("\uFFFE\uFFFF")).isEqualTo("&#xFFFE;&#xFFFF;");
  }

  @Test
  void replacesLoneSurrogatesWhichUtf8CannotEncode() {
    assertThat(XmlWriter.escape("a\uD800b")).isEqualTo("a\uFFFDb");
    assertThat(XmlWriter.escape("a\uDC00")).isEqualTo("a\uFFFD");
    assertThat(XmlWriter.escape("\uD83D\uDE00")).isEqualTo("😀");
  }

  @Test
  void returnsTheSameStringWhenNothingNeedsEscaping() {
    String text = "photos/2006/January/sample.jpg";
    assertThat(XmlWriter.escape(text)).isSameAs(text);
  }

  @Test
  void writesNestedElementsWithoutWhitespace() {
    StringBuilder out = new StringBuilder();
    XmlWriter.document(out)
        .start("Root", "urn:x")
        .element("A", "1")
        .start("B")
        .element("C", 2)
        .element("D", true)
        .optionalElement("E", null)
        .element("F", "")
        .end()
        .end()
        .finish();

    assertThat(out)
        .hasToString(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Root xmlns=\"urn:x\"><A>1</A>"
                + "<B><C>2</C><D>true</D><F></F></B></Root>");
  }

  @Test
  void refusesUnbalancedDocumentsAndMarkupInNames() {
    assertThatThrownBy(() -> XmlWriter.document(new StringBuilder()).start("A").finish())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> XmlWriter.document(new StringBuilder()).end())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> XmlWriter.document(new StringBuilder()).text("loose"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> XmlWriter.document(new StringBuilder()).start("A><B"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reportsOutputFailuresUnchecked() {
    Appendable broken =
        new Appendable() {
          @Override
          public Appendable append(CharSequence csq) throws IOException {
            throw new IOException("connection reset");
          }

          @Override
          public Appendable append(CharSequence csq, int start, int end) throws IOException {
            throw new IOException("connection reset");
          }

          @Override
          public Appendable append(char c) throws IOException {
            throw new IOException("connection reset");
          }
        };

    assertThatThrownBy(() -> XmlWriter.document(broken)).isInstanceOf(UncheckedIOException.class);
  }
}
