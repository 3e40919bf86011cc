package dev.tracevault.queries;

/** A read model answer that is already the exact JSON the API returns. */
public record ApiDocument(String json) {
}
