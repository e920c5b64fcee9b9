package dev.dbmove.cli;

import picocli.CommandLine;

/** The version printed by {@code dbmove --version}: the build's, from the jar manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Dbmove.class.getPackage().getImplementationVersion();
        return new String[] {"dbmove " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version")};
    }
}
