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
}
