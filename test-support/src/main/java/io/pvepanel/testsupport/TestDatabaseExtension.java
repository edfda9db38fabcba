package io.pvepanel.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One fresh database per test class. Register it as a static field and hand it to Spring:
 *
 * <pre>{@code
 * @RegisterExtension static TestDatabaseExtension db = new TestDatabaseExtension("control");
 *
 * @DynamicPropertySource
 * static void database(DynamicPropertyRegistry registry) { db.registerSpringProperties(registry); }
 * }</pre>
 *
 * The database is created when the field is initialised (before Spring reads the properties) and
 * dropped after the class's last test.
 */
public final class TestDatabaseExtension implements AfterAllCallback {

  private final TestDatabase database;

  public TestDatabaseExtension(String prefix) {
    this.database = TestDatabase.create(prefix);
  }

  public TestDatabase database() {
    return database;
  }

  public void registerSpringProperties(DynamicPropertyRegistry registry) {
    database.registerSpringProperties(registry);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    database.close();
  }
}
