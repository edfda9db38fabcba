package io.pvepanel.proxmox.simulator;

/** Runs the simulator on its own: {@code java -jar proxmox-simulator.jar [--port N] [--http]}. */
public final class SimulatorMain {

  private SimulatorMain() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("simulator not built yet");
  }
}
