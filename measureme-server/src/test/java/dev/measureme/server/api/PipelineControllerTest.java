package dev.measureme.server.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.measureme.server.adapter.rabbit.RabbitOperations;
import dev.measureme.server.adapter.rabbit.RabbitTopology;
import dev.measureme.server.web.ErrorAnswers;
import java.time.Clock;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * What the pipeline endpoint answers when the broker cannot be asked: the real {@link RabbitOperations}
 * against a port where no broker listens, through the controller and the shared error answers. The jar's
 * readiness would keep such a process out of rotation, so the end-to-end tests cannot reach this answer.
 */
class PipelineControllerTest {

    private final CachingConnectionFactory nowhere = new CachingConnectionFactory("127.0.0.1", 1);

    @AfterEach
    void close() {
        nowhere.destroy();
        SecurityContextHolder.clearContext();
    }

    @Test
    void pipeline_whenBrokerUnreachable_answers503WithRetryAfterAndTheReason() throws Exception {
        nowhere.setConnectionTimeout(2000);
        RabbitOperations unreachable = new RabbitOperations(
                new RabbitAdmin(nowhere), new RabbitTemplate(nowhere), new RabbitTopology("nowhere", 2, 3));
        MockMvc api = MockMvcBuilders.standaloneSetup(
                        new PipelineController(new Callers(), unreachable, Clock.systemUTC()))
                .setControllerAdvice(new ErrorAnswers())
                .build();
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated("pia", null, List.of()));

        api.perform(get("/api/v1/pipeline"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.error.field").value("broker"))
                .andExpect(jsonPath("$.error.reason", Matchers.containsString("broker unreachable")));
    }
}
