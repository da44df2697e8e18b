package io.switchboard.cli.run;

/** An address a component answers on, and what it is for. */
public record Link(String url, String label) {}
