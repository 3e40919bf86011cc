package dev.tracevault.command.log;

/**
 * One field of an update request: absent (leave the stored value alone), {@code null} (unset it)
 * or a value (set it).
 */
public record Patch<T>(boolean present, T value) {

    private static final Patch<?> ABSENT = new Patch<>(false, null);

    @SuppressWarnings("unchecked")
    public static <T> Patch<T> absent() {
        return (Patch<T>) ABSENT;
    }

    /** A field the request named; {@code null} means unset. */
    public static <T> Patch<T> of(T value) {
        return new Patch<>(true, value);
    }

    /** The value after the update, given the stored one. */
    public T applyTo(T stored) {
        return present ? value : stored;
    }
}
