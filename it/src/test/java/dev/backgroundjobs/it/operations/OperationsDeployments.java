package dev.backgroundjobs.it.operations;

/** What the operations tests' WARs share. */
public final class OperationsDeployments {

    /** BASIC login, as the admin API asks a browser or client for credentials, and the module's two roles. */
    public static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <login-config>
                <auth-method>BASIC</auth-method>
                <realm-name>background-jobs</realm-name>
              </login-config>
              <security-role><role-name>background-jobs-admin</role-name></security-role>
              <security-role><role-name>background-jobs-viewer</role-name></security-role>
            </web-app>
            """;

    private OperationsDeployments() {
    }
}
