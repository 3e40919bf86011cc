package dev.tracevault.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Searches files byte by byte, below any database or format: for a text as UTF-8, UTF-16 (both byte
 * orders, as a Java string may be stored) and as the hex digits of its UTF-8 bytes (as a dump
 * writes binary columns).
 */
public final class RawBytes {

    private static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
            StandardCharsets.UTF_16BE);

    private final List<Path> files;
    private final List<byte[]> contents = new ArrayList<>();

    private RawBytes(List<Path> files) {
        this.files = files;
        for (Path file : files) {
            try {
                contents.add(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every regular file below {@code dir} (or the file {@code dir} itself), read now. */
    public static RawBytes of(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new RawBytes(walk.filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Path> files() {
        return files;
    }

    /** Whether any file holds {@code text} in any of the encodings. */
    public boolean contains(String text) {
        List<byte[]> needles = new ArrayList<>();
        ENCODINGS.forEach(encoding -> needles.add(text.getBytes(encoding)));
        needles.add(HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        for (byte[] content : contents) {
            for (byte[] needle : needles) {
                if (indexOf(content, needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
