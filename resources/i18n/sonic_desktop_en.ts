<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>CompletionReporter</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/shell/completion.py" line="100" />
        <location filename="../../sonic_desktop/gui/shell/completion.py" line="103" />
        <source>%n video(s) finished</source>
        <translation><numerusform>%n video finished</numerusform><numerusform>%n videos finished</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/shell/completion.py" line="100" />
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
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/shell/main_window.py" line="303" />
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
        <location filename="../../sonic_desktop/gui/dialogs/models.py" line="344" />
        <source>Unpickling it would import the names below. Not on the allow-list of names that only build data: %n. Loading the file would call those with arguments chosen by whoever made it.</source>
        <translation><numerusform>Unpickling it would import the names below. Not on the allow-list of names that only build data: %n. Loading the file would call those with arguments chosen by whoever made it.</numerusform><numerusform>Unpickling it would import the names below. Not on the allow-list of names that only build data: %n. Loading the file would call those with arguments chosen by whoever made it.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/dialogs/models.py" line="365" />
        <source>…and %n more</source>
        <translation><numerusform>…and %n more</numerusform><numerusform>…and %n more</numerusform></translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="379" />
        <source>%n job(s)</source>
        <translation><numerusform>%n job</numerusform><numerusform>%n jobs</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="380" />
        <source>%n waiting</source>
        <translation><numerusform>%n waiting</numerusform><numerusform>%n waiting</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="381" />
        <source>%n done</source>
        <translation><numerusform>%n done</numerusform><numerusform>%n done</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="390" />
        <source>About {time} for %n job(s)</source>
        <translation><numerusform>About {time} for %n job</numerusform><numerusform>About {time} for %n jobs</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="394" />
        <source>(%n without an estimate yet)</source>
        <translation><numerusform>(%n without an estimate yet)</numerusform><numerusform>(%n without an estimate yet)</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../sonic_desktop/gui/queue/view.py" line="417" />
        <source>%n job(s) were interrupted when Sonic Desktop closed.</source>
        <translation><numerusform>%n job were interrupted when Sonic Desktop closed.</numerusform><numerusform>%n jobs were interrupted when Sonic Desktop closed.</numerusform></translation>
    </message>
</context>
</TS>