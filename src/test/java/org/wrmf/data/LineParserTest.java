package org.wrmf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineParserTest {
    private final LineParser psv = new LineParser('|', '\\');
    private final LineParser csv = new LineParser(',', '"');

    @Test
    void splitsPlainFields() throws Exception {
        assertEquals(List.of("a", "m1", "u1"), psv.split("a|m1|u1"));
        assertEquals(List.of("", "m1", ""), psv.split("|m1|"));
    }

    @Test
    void backslashQuotesAFieldHoldingTheDelimiter() throws Exception {
        assertEquals(List.of("b | c", "m2", "u1"), psv.split("\\b | c\\|m2|u1"));
        assertEquals(List.of("x", "a | b"), psv.split("x|\\a | b\\"));
    }

    @Test
    void doubledQuoteStandsForItself() throws Exception {
        assertEquals(List.of("say \"hi\"", "2"), csv.split("\"say \"\"hi\"\"\",2"));
    }

    @Test
    void quoteInsideAnUnquotedFieldIsKept() throws Exception {
        assertEquals(List.of("it\"s", "2"), csv.split("it\"s,2"));
    }

    @Test
    void unterminatedQuoteIsMalformed() {
        LineParser.MalformedLine e = assertThrows(LineParser.MalformedLine.class, () -> psv.split("\\broken|m5|u3"));
        assertTrue(e.getMessage().contains("unterminated quote"), e.getMessage());
    }

    @Test
    void textAfterClosingQuoteIsMalformed() {
        assertThrows(LineParser.MalformedLine.class, () -> psv.split("\\a\\b|m|u"));
    }
}
