; Sonic Desktop: per-user Windows installer around the PyInstaller onedir bundle.
;
;   makensis /DVERSION=0.1.0 /DBUNDLE_DIR=..\..\dist\sonic-desktop ^
;            /DOUTFILE=..\..\dist\SonicDesktop-0.1.0-setup.exe installer\windows\sonic-desktop.nsi
;
; Installs into %LOCALAPPDATA%\Programs\Sonic Desktop without administrator rights, adds a
; Start-menu shortcut, an optional desktop shortcut, an "Apps & features" entry and an
; uninstaller. Settings, logs, the queue and downloaded weights live in the user's
; platformdirs folders (%LOCALAPPDATA%\SonicDesktop\...), not here, and survive uninstalling.
;
; Relative paths are taken from this script's folder (makensis changes into it): pass absolute
; ones from elsewhere. Optional defines: /DVERSION_QUAD=0.1.0.0 (file properties),
; /DCOMPRESSOR=zlib (faster, larger; default lzma), /DICON=path\to.ico.
; NSIS can only hold 2 GB of payload: fine for the CPU bundle; ship CUDA bundles as an archive.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "..\..\dist\sonic-desktop"
!endif
!ifndef OUTFILE
  !define OUTFILE "SonicDesktop-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\icons\sonic-desktop.ico"
!endif
!ifndef VERSION_QUAD  ; the numeric four-part form Windows' file properties need
  !define VERSION_QUAD "0.0.0.0"
!endif
!ifndef COMPRESSOR
  !define COMPRESSOR "lzma"
!endif

!define APP_NAME "Sonic Desktop"
!define APP_EXE "SonicDesktop.exe"      ; the windowed program the shortcuts start
!define CLI_EXE "sonic-desktop.exe"     ; the console program (CLI and window)
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SonicDesktop"

SetCompressor /SOLID ${COMPRESSOR}
Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString SEC_APP ${LANG_ENGLISH} "Sonic Desktop (required)"
LangString SEC_APP ${LANG_SIMPCHINESE} "Sonic Desktop（必需）"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_DESKTOP ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString RUNNING ${LANG_ENGLISH} "Sonic Desktop is running. Close it, then click Retry."
LangString RUNNING ${LANG_SIMPCHINESE} "Sonic Desktop 正在运行。请先关闭它，然后点击“重试”。"
LangString NOT_OURS ${LANG_ENGLISH} "This folder does not hold Sonic Desktop; nothing was removed."
LangString NOT_OURS ${LANG_SIMPCHINESE} "此文件夹中没有 Sonic Desktop，未删除任何内容。"

VIProductVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "Sonic Desktop authors"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; The executable is locked while it runs: ask the user to close it rather than fail half-way.
!macro CHECK_NOT_RUNNING
  retry:
    ClearErrors
    IfFileExists "$INSTDIR\${CLI_EXE}" 0 done
    FileOpen $0 "$INSTDIR\${CLI_EXE}" a
    IfErrors 0 close
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(RUNNING)" IDRETRY retry
    Abort
  close:
    FileClose $0
  done:
!macroend

Section "!$(SEC_APP)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  !insertmacro CHECK_NOT_RUNNING
  ; An upgrade replaces the whole runtime: stale modules from an older version must not linger.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\Uninstall ${APP_NAME}.lnk" "$INSTDIR\Uninstall.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Sonic Desktop authors"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

Section "Uninstall"
  ; Only ever remove a folder that holds our program: never an arbitrary folder the user
  ; typed as the install location.
  IfFileExists "$INSTDIR\${CLI_EXE}" +3 0
    MessageBox MB_OK|MB_ICONSTOP "$(NOT_OURS)"
    Abort
  !insertmacro CHECK_NOT_RUNNING
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
