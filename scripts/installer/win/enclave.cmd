@echo off
rem Enclave CLI launcher: the installed Enclave.exe in CLI mode (docs\deployment.md).
rem Runs in this console and returns the command's exit code.
"%~dp0Enclave.exe" --cli %*
exit /b %ERRORLEVEL%
