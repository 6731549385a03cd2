<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>CompletionReporter</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/shell/completion.py" line="89" />
        <location filename="../../sonic_desktop/gui/shell/completion.py" line="92" />
        <source>%n video(s) finished</source>
        <translation><numerusform>%n video finished</numerusform><numerusform>%n videos finished</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/shell/completion.py" line="89" />
        <source>%n failed</source>
        <translation><numerusform>%n failed</numerusform><numerusform>%n failed</numerusform></translation>
    </message>
</context>
<context>
    <name>HandoffHandler</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/instance/handoff.py" line="176" />
        <source>Added %n job(s) from another launch of Sonic Desktop.</source>
        <translation><numerusform>Added %n job from another launch of Sonic Desktop.</numerusform><numerusform>Added %n jobs from another launch of Sonic Desktop.</numerusform></translation>
    </message>
</context>
<context>
    <name>HardwareBanner</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/shell/hardware_banner.py" line="166" />
        <source>Measured on this machine over %n render(s) with these settings</source>
        <translation><numerusform>Measured on this machine over %n render with these settings</numerusform><numerusform>Measured on this machine over %n renders with these settings</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/shell/main_window.py" line="319" />
        <source>Added %n job(s) to the queue.</source>
        <translation><numerusform>Added %n job to the queue.</numerusform><numerusform>Added %n jobs to the queue.</numerusform></translation>
    </message>
</context>
<context>
    <name>MediaPanel</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/inputs/media_panel.py" line="278" />
        <source>%n face(s) found; animating the largest ({w}×{h} px). Click another face to switch.</source>
        <translation><numerusform>%n face found; animating the largest ({w}×{h} px). Click another face to switch.</numerusform><numerusform>%n faces found; animating the largest ({w}×{h} px). Click another face to switch.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/inputs/media_panel.py" line="285" />
        <source>%n face(s) found; animating the one you picked ({w}×{h} px).</source>
        <translation><numerusform>%n face found; animating the one you picked ({w}×{h} px).</numerusform><numerusform>%n faces found; animating the one you picked ({w}×{h} px).</numerusform></translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/dialogs/models.py" line="265" />
        <source>%n needed file(s) is/are missing or damaged.</source>
        <translation><numerusform>%n needed file is missing or damaged.</numerusform><numerusform>%n needed files are missing or damaged.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/dialogs/models.py" line="317" />
        <source>The Sonic engine cannot run yet: %n needed weights file(s) is/are missing or damaged (see the list). Renders use the preview engine.</source>
        <translation><numerusform>The Sonic engine cannot run yet: %n needed weights file is missing or damaged (see the list). Renders use the preview engine.</numerusform><numerusform>The Sonic engine cannot run yet: %n needed weights files are missing or damaged (see the list). Renders use the preview engine.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/dialogs/models.py" line="407" />
        <source>Unpickling it would import the names below. Not on the allow-list of names that only build data: %n. Loading the file would call those with arguments chosen by whoever made it.</source>
        <translation><numerusform>Unpickling it would import the names below. Not on the allow-list of names that only build data: %n. Loading the file would call those with arguments chosen by whoever made it.</numerusform><numerusform>Unpickling it would import the names below. Not on the allow-list of names that only build data: %n. Loading the file would call those with arguments chosen by whoever made it.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/dialogs/models.py" line="428" />
        <source>…and %n more</source>
        <translation><numerusform>…and %n more</numerusform><numerusform>…and %n more</numerusform></translation>
    </message>
</context>
<context>
    <name>QueueEdit</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/edits.py" line="34" />
        <source>Remove %n job(s)</source>
        <translation><numerusform>Remove %n job</numerusform><numerusform>Remove %n jobs</numerusform></translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="380" />
        <source>%n job(s)</source>
        <translation><numerusform>%n job</numerusform><numerusform>%n jobs</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="381" />
        <source>%n waiting</source>
        <translation><numerusform>%n waiting</numerusform><numerusform>%n waiting</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="382" />
        <source>%n done</source>
        <translation><numerusform>%n done</numerusform><numerusform>%n done</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="391" />
        <source>About {time} for %n job(s)</source>
        <translation><numerusform>About {time} for %n job</numerusform><numerusform>About {time} for %n jobs</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="395" />
        <source>(%n without an estimate yet)</source>
        <translation><numerusform>(%n without an estimate yet)</numerusform><numerusform>(%n without an estimate yet)</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="418" />
        <source>%n job(s) was/were interrupted when Sonic Desktop closed.</source>
        <translation><numerusform>%n job was interrupted when Sonic Desktop closed.</numerusform><numerusform>%n jobs were interrupted when Sonic Desktop closed.</numerusform></translation>
    </message>
</context>
<context>
    <name>SavedQueueText</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/app_context.py" line="52" />
        <source>Left out %n saved job(s) that could not be restored (job {position}: {detail}).</source>
        <translation><numerusform>Left out %n saved job that could not be restored (job {position}: {detail}).</numerusform><numerusform>Left out %n saved jobs that could not be restored (job {position}: {detail}).</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/app_context.py" line="59" />
        <source>%n saved job(s) uses/use relative file paths such as {path}; they will not run until their files are added to the queue again.</source>
        <translation><numerusform>%n saved job uses relative file paths such as {path}; they will not run until their files are added to the queue again.</numerusform><numerusform>%n saved jobs use relative file paths such as {path}; they will not run until their files are added to the queue again.</numerusform></translation>
    </message>
</context>
</TS>