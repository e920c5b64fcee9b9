package dev.dbmove.cutover.edit;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A config file's bytes as text, and back. Files are UTF-8; decoding is strict, so no byte is
 * ever replaced and writing the text back gives the same bytes. A {@code .properties} file that
 * is not UTF-8 is read as ISO-8859-1, the format's historical encoding, which maps every byte to
 * one character and back.
 */
record TextFile(String text, Charset charset) {
    static TextFile decode(byte[] bytes, boolean latin1Fallback) throws EditException {
        try {
            return new TextFile(strict(StandardCharsets.UTF_8).decode(ByteBuffer.wrap(bytes)).toString(), StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            if (latin1Fallback) {
                return new TextFile(new String(bytes, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
            }
            throw new EditException("the file is not UTF-8 text", "convert it to UTF-8, or use replace: after converting it");
        }
    }

    /** The bytes of {@code newText} in this file's encoding. */
    byte[] encode(String newText) {
        try {
            ByteBuffer buffer = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(newText));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            // The editors write only characters the file's encoding has (.properties escapes the rest).
            throw new IllegalStateException("edited text cannot be written as " + charset, e);
        }
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
