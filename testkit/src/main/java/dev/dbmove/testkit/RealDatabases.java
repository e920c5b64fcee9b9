package dev.dbmove.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that hands a test the run's {@link TestServers}:
 * <pre>{@code
 * @ExtendWith(RealDatabases.class)
 * class SomethingIT {
 *     static TestDatabase source;
 *     @BeforeAll static void setUp(TestServers servers) { source = servers.mariadb().createDatabase("something"); }
 * }
 * }</pre>
 * The servers live in the root context's store, so they start once per JVM and stop at its end.
 */
public final class RealDatabases implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealDatabases.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestServers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestServers.class, k -> new TestServers(System::getenv), TestServers.class);
    }
}
