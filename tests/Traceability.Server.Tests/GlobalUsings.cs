global using Traceability.Testing;
