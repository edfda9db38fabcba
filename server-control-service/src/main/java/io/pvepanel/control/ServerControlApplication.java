package io.pvepanel.control;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Owns servers: lifecycle, snapshots, console sessions, passwords, create/delete, audit log. */
@SpringBootApplication
public class ServerControlApplication {

  public static void main(String[] args) {
    SpringApplication.run(ServerControlApplication.class, args);
  }
}
