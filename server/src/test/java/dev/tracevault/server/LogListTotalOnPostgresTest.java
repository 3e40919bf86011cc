package dev.tracevault.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracevault.server.support.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code total} of {@code GET /v5/logs} past the exact-count limit (set to 3 here, 10,000 by
 * default): PostgreSQL's estimate, never below the limit + 1; the pages themselves stay exact; a
 * {@code sample} then draws from a repeatable block sample of the table.
 */
@TestPropertySource(properties = "tracevault.listing.exact-total-up-to=3")
class LogListTotalOnPostgresTest extends ApiContractBase {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry, "listtotal");
    }

    @Test
    void aTotalPastTheLimitIsEstimatedAndThePagesStayExact() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            var response = api.post("/v5/prompts/log", """
                    {"path":"total-%s/P","prompt":{"model":"gpt-4o","template":"t"},"inputs":{"n":%d}}
                    """.formatted(run, i));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            created.add(response.json().get("id").stringValue());
        }
        String fileId = api.get("/v5/logs/" + created.getFirst()).json().get("prompt").get("id").stringValue();

        JsonNode first = api.get("/v5/logs?size=2&file_id=" + fileId).json();
        assertThat(first.get("total").longValue()).as("estimated, at least the limit + 1").isGreaterThanOrEqualTo(4);
        List<String> walked = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode records = api.get("/v5/logs?size=2&page=" + page + "&file_id=" + fileId).json().get("records");
            if (records.isEmpty()) {
                break;
            }
            records.forEach(r -> walked.add(r.get("id").stringValue()));
        }
        assertThat(walked).containsExactlyElementsOf(created);

        JsonNode sample = api.get("/v5/logs?sample=2&file_id=" + fileId).json();
        List<String> sampled = new ArrayList<>();
        sample.get("records").forEach(r -> sampled.add(r.get("id").stringValue()));
        assertThat(sampled).as("a block sample past the limit: at most 2 of the file's logs, in page order")
                .hasSizeBetween(1, 2).isSubsetOf(created).isSortedAccordingTo(java.util.Comparator.comparing(created::indexOf));
        assertThat(api.get("/v5/logs?sample=2&file_id=" + fileId).json().get("records"))
                .as("the same request, the same sample").isEqualTo(sample.get("records"));

        JsonNode few = api.get("/v5/logs?file_id=" + fileId + "&id=" + created.get(1)).json();
        assertThat(few.get("total").longValue()).as("up to the limit, exact").isEqualTo(1);
    }
}
