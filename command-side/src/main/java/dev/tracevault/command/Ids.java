package dev.tracevault.command;

import java.security.SecureRandom;

/** Server-chosen identifiers: a kind prefix ({@code log}, {@code fl}, {@code flv}, ...) and 24 random characters. */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(String prefix) {
        char[] chars = new char[24];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return prefix + "_" + new String(chars);
    }
}
