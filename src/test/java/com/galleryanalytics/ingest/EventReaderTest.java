package com.galleryanalytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.galleryanalytics.web.RawBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EventReader} (Jackson's streaming parser over the body's bytes) gives exactly what the
 * tree reader it replaced gives ({@link TreeReader}, kept here as the reference): the same events
 * accepted, the same rows, the same ids, the same rejections with the same messages. Every body is
 * read both ways and compared, for lines at the edges of what is valid (generated traffic: the
 * bench module's GeneratedTrafficFastPathTest).
 */
class EventReaderTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    final DeviceDetection devices = new DeviceDetection();
    final EventReader reader = new EventReader(devices);
    final TreeReader tree = new TreeReader(devices);

    /** Both readers on one body; returns the streaming reader's answer. */
    EncodedEvents same(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        EventReader.Batch exact;
        try {
            exact = tree.read(body, NOW);
        } catch (EventReader.MalformedBodyException e) {
            assertThatThrownBy(() -> reader.read(bytes, bytes.length, NOW)).isInstanceOf(EventReader.MalformedBodyException.class)
                    .hasMessage(e.getMessage());
            return null;
        }
        EncodedEvents read = reader.read(bytes, bytes.length, NOW);
        EncodedEvents expected = EncodedEvents.of(exact.events(), exact.rejections());
        assertThat(read.rejections()).as("rejections of %s", body).isEqualTo(exact.rejections());
        assertThat(read.size()).as("accepted of %s", body).isEqualTo(exact.events().size());
        for (int i = 0; i < read.size(); i++) {
            assertThat(Arrays.copyOfRange(read.rows.buf, read.rowFrom(i), read.rowTo(i))).as("row %d of %s", i, body)
                    .isEqualTo(Arrays.copyOfRange(expected.rows.buf, expected.rowFrom(i), expected.rowTo(i)));
            assertThat(read.id(i)).isEqualTo(exact.events().get(i).eventId());
        }
        assertThat(read.events()).as("events of %s", body).isEqualTo(exact.events());
        return read;
    }

    static final String OK = "\"type\":\"PLAY\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"1_abc\",\"playId\":\"p1\"";

    @Test
    void linesAtTheEdgesGiveTheSameAnswerBothWays() {
        List<String> lines = new ArrayList<>(List.of(
                "{" + OK + "}",
                "  {" + OK + "}  ",
                "{" + OK + "}\r",
                "{" + OK + "} trailing",
                "{" + OK + "}{}",
                "{}",
                "[]",
                "{" + OK + ",\"type\":\"VIEW\"}",
                "{" + OK + ",\"eventId\":\"a\\\"b\"}",
                "{" + OK + ",\"eventId\":\"a\\\\b\"}",
                "{" + OK + ",\"eventId\":\"a\\tb\"}",
                "{" + OK + ",\"eventId\":\"a\\u0000b\"}",
                "{" + OK + ",\"eventId\":\"a\\ud800b\"}",
                "{" + OK + ",\"eventId\":\"\\ud83d\\ude00\"}",
                "{" + OK + ",\"eventId\":\"é😀ü\"}",
                "{" + OK + ",\"eventId\":\"a\u007fb\"}",
                "{" + OK + ",\"eventId\":\"a\tb\"}",
                "{" + OK + ",\"eventId\":\"a\u0001b\"}",
                "{" + OK + ",\"eventId\":\"" + "x".repeat(200) + "\"}",
                "{" + OK + ",\"eventId\":\"" + "x".repeat(201) + "\"}",
                "{" + OK + ",\"eventId\":\"" + "é".repeat(200) + "\"}",
                "{" + OK + ",\"eventId\":\"" + "é".repeat(201) + "\"}",
                "{" + OK + ",\"eventId\":\"" + "😀".repeat(100) + "\"}",
                "{" + OK + ",\"eventId\":\"" + "😀".repeat(101) + "\"}",
                "{" + OK + ",\"eventId\":null}",
                "{" + OK + ",\"eventId\":5}",
                "{" + OK + ",\"eventId\":true}",
                "{" + OK + ",\"eventId\":{}}",
                "{" + OK + ",\"eventId\":[]}",
                "{" + OK + ",\"unknown\":1}",
                "{" + OK + ",\"positionSec\":12.5}",
                "{" + OK + ",\"positionSec\":12}",
                "{" + OK + ",\"positionSec\":0}",
                "{" + OK + ",\"positionSec\":-0}",
                "{" + OK + ",\"positionSec\":-0.0}",
                "{" + OK + ",\"positionSec\":-1}",
                "{" + OK + ",\"positionSec\":1e3}",
                "{" + OK + ",\"positionSec\":1E-5}",
                "{" + OK + ",\"positionSec\":0.0001}",
                "{" + OK + ",\"positionSec\":10000000}",
                "{" + OK + ",\"positionSec\":10000000.5}",
                "{" + OK + ",\"positionSec\":1e400}",
                "{" + OK + ",\"positionSec\":-1e400}",
                "{" + OK + ",\"positionSec\":NaN}",
                "{" + OK + ",\"positionSec\":Infinity}",
                "{" + OK + ",\"positionSec\":-0.5}",
                "{" + OK + ",\"positionSec\":\"NaN\"}",
                "{" + OK + ",\"positionSec\":5,\"positionSec\":-5}",
                "{" + OK + ",\"eventId\":7,\"positionSec\":3}",
                "{" + OK + ",\"positionSec\":true}",
                "{" + OK + ",\"positionSec\":[1]}",
                "{" + OK + ",\"unknown\":{\"a\":[1,{\"b\":\"c\"}]},\"other\":2}",
                "{" + OK + ",\"unknown\":[1,}",
                "{" + OK + ",\"eventId\":\"x\",\"eventId\":\"y\"}",
                "{" + OK + ",\"eventId\":\"" + "x".repeat(300) + "\",\"type\":\"NOPE\"}",
                "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]",
                "{" + OK + ",\"unknown\":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}",
                "{" + OK + ",\"positionSec\":012}",
                "{" + OK + ",\"positionSec\":1.}",
                "{" + OK + ",\"positionSec\":.5}",
                "{" + OK + ",\"positionSec\":\"5\"}",
                "{" + OK + ",\"positionSec\":null}",
                "{" + OK + ",\"positionSec\":123456789012345678901234567890}",
                "{" + OK + ",\"positionSec\":3.141592653589793238462643383279}",
                "{" + OK + ",\"userId\":\"\"}",
                "{" + OK + ",\"userId\":\"  \"}",
                "{" + OK + ",\"device\":\"mobile\"}",
                "{" + OK + ",\"device\":\"Tv\"}",
                "{" + OK + ",\"device\":\"phone\"}",
                "{" + OK + ",\"device\":\"deſktop\"}",
                "{" + OK + ",\"device\":\"\"}",
                "{" + OK + ",\"playbackType\":\"live\"}",
                "{" + OK + ",\"playbackType\":\"\"}",
                "{" + OK + ",\"playbackType\":\"vod \"}",
                "{" + OK + ",\"userAgent\":\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)\"}",
                "{" + OK + ",\"userAgent\":\"   \"}",
                "{" + OK + ",\"userAgent\":\"Mozilla/5.0 (Ünïcode; Android 14) Mobile\"}",
                "{" + OK + ",\"userAgent\":\"Mozilla/5.0 (Ünïcode; Android 14) Mobile\",\"device\":\"tv\"}",
                "{" + OK + ",\"userAgent\":\"\",\"device\":\"tv\"}",
                "{" + OK + ",\"userAgent\":null}",
                "{" + OK + ",\"userAgent\":\"Googlebot/2.1\",\"device\":\"desktop\"}",
                "{" + OK + ",\"country\":\"BR\",\"region\":\"São Paulo\",\"city\":\"São Paulo\"}",
                "{\"type\":\"IMPRESSION\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"1_abc\"}",
                "{\"type\":\"IMPRESSION\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"1_abc\",\"playId\":\"\"}",
                "{\"type\":\"PLAY\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"1_abc\"}",
                "{\"type\":\"PLAY\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"1_abc\",\"playId\":\" \"}",
                "{\"type\":\"PLAY\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"\u3000\",\"playId\":\"p\"}",
                "{\"type\":\"PLAY\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"\u00e9\",\"playId\":\"p\"}",
                "{\"type\":\"play\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"1_abc\",\"playId\":\"p\"}",
                "{\"type\":\"PLAY\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"1_abc\",\"playId\":\"p\",\"type\":\"VIEW\"}",
                "{ \"type\" : \"PLAY\" , \"time\" : \"2026-11-20T10:15:00Z\" , \"entryId\" : \"1_abc\" , \"playId\" : \"p\" }",
                "{\"typ\\u0065\":\"PLAY\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"1_abc\",\"playId\":\"p\"}",
                "not json",
                "{\"type\":",
                "\"just a string\"",
                "42",
                "null"));
        for (String time : List.of("2026-11-20T10:15:00Z", "2026-11-20T10:15:00.123Z", "2026-11-20T10:15:00.123456789Z",
                "2026-11-20T10:15:00.1234567891Z", "2026-11-20T10:15:00.Z", "2026-11-20T10:15Z", "2026-11-20t10:15:00z",
                "2026-11-20T10:15:00+02:00", "2026-11-20T10:15:00-05:30", "2026-11-20T10:15:00", "2026-02-29T10:15:00Z",
                "2024-02-29T10:15:00Z", "2026-04-31T10:15:00Z", "2026-13-01T10:15:00Z", "2026-00-01T10:15:00Z",
                "2026-11-20T24:00:00Z", "2026-11-20T23:60:00Z", "2026-11-20T23:59:60Z", "1999-12-31T23:59:59Z",
                "2000-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z", "2026-11-26T12:00:00Z", "2026-11-26T12:00:00.000000001Z",
                "2026-11-26T11:59:59.999Z", "2030-01-01T00:00:00Z", "+2026-11-20T10:15:00Z", "2026-1-20T10:15:00Z",
                "２０２６-11-20T10:15:00Z", "", " ", "yesterday")) {
            lines.add("{\"type\":\"PLAY\",\"time\":\"" + time + "\",\"entryId\":\"1_abc\",\"playId\":\"p\"}");
        }
        for (String url : List.of("https://www.example.com/a/b?c=d#e", "HTTPS://WWW.Example.COM/A/B", "http://example.com",
                "http://example.com?x", "http://example.com#x", "http://example.com:8080/x", "http://example.com:0/x",
                "http://example.com:080/x", "http://example.com:/x", "http://example.com:99999/x", "http://example.com:123456/x",
                "http://user@example.com/x", "http://192.168.1.1/x", "http://[::1]/x", "http://localhost/x", "http://123abc/x",
                "http://a-b.c-d.com/x", "http://-ab.com/x", "http://ab-.com/x", "http://ab..com/x", "http://example.com./x",
                "http://exa_mple.com/x", "http://example.com/a b", "http://example.com/a%20b", "http://example.com/a%2", "http://example.com/a%zz",
                "http://example.com/ä", "http://exämple.com/x", "http://example.com/a|b", "http://example.com/a?b[0]=1",
                "http://example.com/a?b=c?d/e", "http://example.com/a#b#c", "http://example.com/;p=1/(x)*!~'$,", "http://example.com//x",
                "mailto:someone@example.com", "/relative/path", "example.com/x", "ftp://files.example.com/pub", "x+y.z-1://h.example/p",
                "1http://example.com/", "http:/example.com/", "http:///x", "https://m.ingest-http.example.com/category/1028")) {
            lines.add("{" + OK + ",\"pageUrl\":\"" + url + "\"}");
        }
        for (String line : lines) {
            same(line + "\n");
        }
        same(String.join("\n", lines));
    }

    @Test
    void bodiesAtTheEdgesGiveTheSameAnswerBothWays() {
        for (String body : List.of("", "   ", "\n\n", " \u3000 ", "\u3000{" + OK + "}", "[{" + OK + "}]", "  [ {" + OK + "} , 5 ]",
                "[", "not json\nnor this", "\n\n{" + OK + "}\n\n", "\u001c{" + OK + "}", "\u000b{" + OK + "}", "{" + OK + "}\r\n{" + OK + "}",
                "\u3000\n{" + OK + "}", "é\n{" + OK + "}", "\r\n", "\t\u3000\n")) {
            same(body);
        }
        // more events than the body's length suggests (the arrays grow), as an array and as NDJSON
        String small = "{\"type\":\"IMPRESSION\",\"time\":\"2026-11-20T10:15:00Z\",\"entryId\":\"e\"}";
        assertThat(same("[" + String.join(",", java.util.Collections.nCopies(500, small)) + "]").size()).isEqualTo(500);
        assertThat(same(String.join("\n", java.util.Collections.nCopies(500, small))).size()).isEqualTo(500);
    }

    /** The controller's check, chunk by chunk, judges as the decoder does on the whole body, long ones included. */
    @Test
    void utf8IsCheckedAsTheDecoderChecksIt() {
        Random random = new Random(7);
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        for (int round = 0; round < 100_000; round++) {
            // mostly short; some longer than the check's 8,192-char buffer, with a sequence across its edge
            byte[] b = new byte[round % 1000 == 0 ? 8190 + random.nextInt(20) : 1 + random.nextInt(12)];
            boolean ascii = b.length > 100;
            for (int i = 0; i < b.length; i++) {
                int pick = random.nextInt(4);
                b[i] = (byte) (ascii && i < b.length - 12 ? 'a' : pick == 0 ? random.nextInt(128)
                        : pick == 1 ? 0x80 + random.nextInt(64) : 0xC0 + random.nextInt(64));
            }
            boolean valid;
            try {
                decoder.decode(java.nio.ByteBuffer.wrap(b));
                valid = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                valid = false;
            }
            assertThat(RawBody.isUtf8(new RawBody.Bytes(b, b.length))).as("%s", java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(valid);
        }
        byte[] euro = "x".repeat(8191).concat("€").getBytes(StandardCharsets.UTF_8);
        assertThat(RawBody.isUtf8(new RawBody.Bytes(euro, euro.length))).isTrue();
        assertThat(RawBody.isUtf8(new RawBody.Bytes(euro, euro.length - 1))).isFalse();
    }

    /**
     * A RowBinary String is the length of the value's UTF-8 bytes (LEB128) and those bytes, as
     * {@code getBytes} gives them: multi-byte and four-byte characters, empty strings, lengths of
     * two LEB128 bytes, and an unpaired surrogate as '?'.
     */
    @Test
    void rowBinaryStringsAreTheirUtf8WithItsLength() {
        Random random = new Random(11);
        char[] alphabet = {'a', 'Z', '0', '\\', '\t', '\n', '\u0001', 'é', '€', '\ud83d', '\ude00', '\u3000', ' ', 'Ł', '\u0100'};
        for (int round = 0; round < 50_000; round++) {
            StringBuilder s = new StringBuilder();
            for (int i = round % 100 == 0 ? 200 : random.nextInt(10); i > 0; i--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream want = new java.io.ByteArrayOutputStream();
            int n = utf8.length;
            while (n >= 0x80) {
                want.write(n & 0x7F | 0x80);
                n >>>= 7;
            }
            want.write(n);
            want.writeBytes(utf8);
            assertThat(new Bytes(4).string(s.toString()).toArray()).as("%s", s).isEqualTo(want.toByteArray());
        }
        assertThat(new Bytes(4).string("").toArray()).containsExactly(0);
        assertThat(new Bytes(4).string("São 😀").toArray()).containsExactly(9, 'S', 0xC3, 0xA3, 'o', ' ', 0xF0, 0x9F, 0x98, 0x80);
    }

    /** Times are a DateTime's seconds and positions a Float64, both little-endian. */
    @Test
    void rowBinaryNumbersAreLittleEndian() {
        assertThat(new Bytes(4).uint32(Instant.parse("2026-03-08T10:17:05Z").getEpochSecond()).toArray())
                .isEqualTo(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1772965025).array());
        for (double d : new double[] {0, -0.0, 12.5, 1e7, 3.141592653589793}) {
            assertThat(new Bytes(4).float64(d).toArray())
                    .isEqualTo(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(d).array());
        }
    }
}
