package dev.measureme.server;

import dev.measureme.server.account.SecurityConfiguration;
import dev.measureme.server.operator.OperatorCommands;
import dev.measureme.server.simulator.SimulateCommand;
import dev.measureme.server.web.ErrorAnswers;
import dev.measureme.server.web.RequestLimits;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The composition root: the only class that knows every role and every adapter. There is no component
 * scan; {@link Modules} imports the configuration of each role that {@code measureme.target} names, and the
 * backends provide the ports they share: {@link StoreBackends} always, then {@link EmbeddedBackends} by
 * default or {@link DistributedBackends} with the {@code distributed} profile.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(MeasureMeProperties.class)
@Import({
    StoreBackends.class,
    EmbeddedBackends.class,
    DistributedBackends.class,
    SecurityConfiguration.class,
    ErrorAnswers.class,
    RequestLimits.class,
    Modules.class
})
public class MeasureMeApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(SimulateCommand.NAME)) {
            System.exit(SimulateCommand.run(args, System.out));
        }
        if (OperatorCommands.isCommand(args)) {
            System.exit(runCommand(args));
        }
        SpringApplication.run(MeasureMeApplication.class, args);
    }

    /** Runs an operator command on the configured backends, without a web server and without any role. */
    private static int runCommand(String[] args) {
        SpringApplication application = new SpringApplicationBuilder(MeasureMeApplication.class)
                .web(WebApplicationType.NONE)
                .properties(Modules.COMMAND + "=" + args[0], "logging.level.root=WARN")
                .build();
        try (ConfigurableApplicationContext context = application.run(args)) {
            return new OperatorCommands(context, System.out).run(args);
        }
    }
}
