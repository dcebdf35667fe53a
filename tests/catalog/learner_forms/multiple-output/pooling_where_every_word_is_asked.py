# expect: wrong_answer
# feedback: instead of one per word
# feedback: your GlobalAveragePooling1D averages
from tensorflow.keras.layers import GlobalAveragePooling1D, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN(4, input_shape=(3, 2), return_sequences=True), GlobalAveragePooling1D()])
