package dev.dbmove.testkit;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Jar files of Maven artifacts with their runtime dependencies, resolved as Maven would (nearest
 * version wins, provided and test scopes left out) from the local repository of the build, with
 * whatever is missing downloaded from Maven Central into it. KafkaCluster's children get their
 * class paths from here instead of the test JVM's, so that the broker and the Connect workers
 * run what a Kafka installation runs, and a worker finds connectors only on its plugin path.
 */
final class MavenArtifacts {
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final String VERSIONS = "kafka-artifacts.properties";

    private final Path localRepository;
    private final Properties versions;

    private MavenArtifacts(Path localRepository, Properties versions) {
        this.localRepository = localRepository;
        this.versions = versions;
    }

    /** The build's local repository, and the versions the root pom manages (written into testkit's jar). */
    static MavenArtifacts fromBuild() {
        Properties versions = new Properties();
        try (InputStream in = MavenArtifacts.class.getResourceAsStream(VERSIONS)) {
            if (in == null) {
                throw new IllegalStateException(VERSIONS + " is missing from testkit's classes: build testkit with Maven");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSIONS, e);
        }
        return new MavenArtifacts(findLocalRepository(), versions);
    }

    /** A version the root pom manages: kafka.version, log4j.version (Kafka's), debezium.version. */
    String version(String name) {
        String v = versions.getProperty(name);
        if (v == null || v.startsWith("${")) {
            throw new IllegalStateException(name + " was not filled in by the build in " + VERSIONS + ": " + v);
        }
        return v;
    }

    Path localRepository() {
        return localRepository;
    }

    /**
     * The jars of these artifacts (groupId:artifactId:version) and their runtime dependencies, resolved
     * in one graph, in class path order.
     *
     * @param excluded groupId:artifactId patterns ("*" for any artifact of a group) left out with everything
     *                 they alone bring in, as a Maven exclusion would
     */
    List<Path> resolve(List<String> coordinates, List<String> excluded) {
        List<Exclusion> exclusions = excluded.stream().map(e -> {
            String[] parts = e.split(":");
            return new Exclusion(parts[0], parts[1], "*", "*");
        }).toList();
        CollectRequest collect = new CollectRequest();
        for (String coordinate : coordinates) {
            collect.addDependency(new Dependency(new DefaultArtifact(coordinate), JavaScopes.RUNTIME, false, exclusions));
        }
        collect.addRepository(new RemoteRepository.Builder("central", "default", CENTRAL).build());
        RepositorySystem system = new RepositorySystemSupplier().get();
        try {
            DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
            // "simple": a jar in the local repository is used whichever repository or mirror it came from.
            session.setLocalRepositoryManager(system.newLocalRepositoryManager(session,
                    new LocalRepository(localRepository.toFile(), "simple")));
            session.setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_NEVER);
            session.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL);
            session.setSystemProperties(System.getProperties());
            session.setConfigProperty("aether.connector.connectTimeout", 10_000);
            session.setConfigProperty("aether.connector.requestTimeout", 60_000);
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            return system.resolveDependencies(session, request).getArtifactResults().stream()
                    .map(ArtifactResult::getArtifact)
                    .filter(a -> "jar".equals(a.getExtension()))
                    .map(a -> a.getFile().toPath())
                    .toList();
        } catch (DependencyResolutionException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause(); // the artifact that could not be had, and why
            }
            throw new IllegalStateException("cannot resolve " + coordinates + " from the local Maven repository "
                    + localRepository + " or Maven Central (offline? run the build once with the network): "
                    + cause.getMessage(), e);
        } finally {
            system.shutdown();
        }
    }

    /**
     * The local repository Maven used for this build: -Dmaven.repo.local (Surefire and Failsafe hand the
     * test JVM the build's -D properties), else the one this JVM's own SLF4J jar came from (a settings.xml
     * may name any), else ~/.m2/repository.
     */
    private static Path findLocalRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        try {
            Path jar = Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <repository>/org/slf4j/slf4j-api/<version>/slf4j-api-<version>.jar
            Path versionDir = jar.getParent();
            Path root = versionDir.getParent().getParent().getParent().getParent();
            if (Files.isDirectory(root) && root.resolve("org/slf4j/slf4j-api").equals(versionDir.getParent())) {
                return root;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not loaded from a Maven repository (an IDE's own layout): the default below
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
