package dev.tracevault.command.validation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: the shortest form only (an overlong {@code C0 AF} is not a {@code /}), no encoded
 * surrogates ({@code ED A0 80}), nothing past U+10FFFF, no broken sequences. JSON's readers are
 * lenient about some of these and would store another text than the client sent.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Why {@code bytes} are not strict UTF-8 (naming the first bad byte's offset), or null when they are. */
    public static String problem(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return "invalid UTF-8 at byte " + in.position();
            }
            if (result.isUnderflow()) {
                CoderResult flushed = decoder.flush(out.clear());
                return flushed.isError() ? "invalid UTF-8 at byte " + in.position() : null;
            }
            out.clear();
        }
    }
}
