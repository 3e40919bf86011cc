package dev.tracevault.server.errors;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tracevault.command.log.CreateRequests;
import dev.tracevault.command.write.LogWrites;
import dev.tracevault.problems.Conflict;
import dev.tracevault.problems.NotFound;
import dev.tracevault.problems.Unavailable;
import dev.tracevault.server.db.DatabaseFailures;
import java.lang.reflect.Constructor;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.json.JsonMapper;

/**
 * A web slice of one write controller with the project's error mapping and nothing else (no database, no
 * security chain): each failure a write can meet becomes the JSON answer and status the API documents. The
 * end-to-end contracts show the same answers through the whole server; this shows the mapping alone.
 */
class ControllerErrorMappingTest {

    private final CreateRequests creates = mock(CreateRequests.class);
    private final LogWrites writes = mock(LogWrites.class);
    private final DatabaseFailures databaseFailures = mock(DatabaseFailures.class);
    private MockMvc mvc;

    @BeforeEach
    void slice() throws Exception {
        when(databaseFailures.failed(any())).thenReturn(Optional.empty());
        // The controller is package-private in command-side's web package: the slice builds it as Spring would.
        Constructor<?> controller = Class.forName("dev.tracevault.command.web.FlowLogController")
                .getDeclaredConstructor(CreateRequests.class, LogWrites.class, JsonMapper.class);
        controller.setAccessible(true);
        mvc = MockMvcBuilders.standaloneSetup(controller.newInstance(creates, writes, JsonMapper.builder().build()))
                .setControllerAdvice(new ApiExceptionHandler(databaseFailures)).build();
    }

    @Test
    void aBrokenBodyIsA422InJson() throws Exception {
        mvc.perform(patch("/v5/flows/logs/log_1").contentType(MediaType.APPLICATION_JSON).content("{\"output\": "))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").exists());
    }

    @Test
    void aFieldOfTheWrongKindIsA422NamingIt() throws Exception {
        mvc.perform(patch("/v5/flows/logs/log_1").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"log_status\": \"finished\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail[0].loc[1]").value("log_status"))
                .andExpect(jsonPath("$.detail[0].type").exists());
    }

    @Test
    void anUnknownLogIsA404() throws Exception {
        when(writes.update(any(), any(), any())).thenThrow(new NotFound("Flow Log log_1 not found"));
        mvc.perform(patch("/v5/flows/logs/log_1").contentType(MediaType.APPLICATION_JSON).content("{\"output\": \"x\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Flow Log log_1 not found"));
    }

    @Test
    void aConflictIsA409() throws Exception {
        when(creates.flow(any(), any(), any())).thenThrow(new Conflict("log_1 is a Prompt Log"));
        mvc.perform(post("/v5/flows/log").contentType(MediaType.APPLICATION_JSON).content("{\"path\": \"a\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("log_1 is a Prompt Log"));
    }

    @Test
    void aBusyServerIsA503WithRetryAfter() throws Exception {
        when(creates.flow(any(), any(), any())).thenThrow(new Unavailable("busy", 7));
        mvc.perform(post("/v5/flows/log").contentType(MediaType.APPLICATION_JSON).content("{\"path\": \"a\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "7"))
                .andExpect(jsonPath("$.detail").value("busy"));
    }

    @Test
    void anUnexpectedFailureIsA500ThatTellsNothingInternal() throws Exception {
        when(creates.flow(any(), any(), any())).thenThrow(new IllegalStateException("secret table name"));
        mvc.perform(post("/v5/flows/log").contentType(MediaType.APPLICATION_JSON).content("{\"path\": \"a\"}"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.detail").value("internal error"));
    }

    /**
     * A client that closed its connection before its answer was written: nothing is written (no 500 to a closed
     * connection) and the log has one DEBUG line, no ERROR with a stack trace; a broken pipe under another
     * exception too.
     */
    @Test
    void aClientThatWentAwayIsOneDebugLineAndNoAnswer() throws Exception {
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ApiExceptionHandler.class);
        var events = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        events.start();
        var level = logger.getLevel();
        logger.addAppender(events);
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            when(creates.flow(any(), any(), any())).thenAnswer(call -> {
                throw new org.apache.catalina.connector.ClientAbortException(new java.io.IOException("Broken pipe"));
            });
            var aborted = mvc.perform(post("/v5/flows/log").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"path\": \"a\"}")).andReturn().getResponse();
            org.mockito.Mockito.doThrow(new IllegalStateException("writing failed",
                    new java.io.IOException("Connection reset by peer"))).when(creates).flow(any(), any(), any());
            var reset = mvc.perform(post("/v5/flows/log").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"path\": \"a\"}")).andReturn().getResponse();
            for (var response : java.util.List.of(aborted, reset)) {
                org.assertj.core.api.Assertions.assertThat(response.getStatus()).as("no 500 attempted").isLessThan(500);
                org.assertj.core.api.Assertions.assertThat(response.getContentAsString()).isEmpty();
            }
            org.assertj.core.api.Assertions.assertThat(events.list).hasSize(2).allSatisfy(event -> {
                org.assertj.core.api.Assertions.assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
                org.assertj.core.api.Assertions.assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
            });
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }
    }
}
